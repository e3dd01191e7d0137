import { RouterLinkStub, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import FromTrafficForm from './FromTrafficForm.vue';

const route = (alias: string, bodies: boolean) => ({ id: alias, alias, current: { version: 1, spec: { capture: { bodies, redact: [] } } } });
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('FromTrafficForm', () => {
  let routes: unknown[];
  let answer: () => Response;
  let calls: Array<{ method: string; path: string; body: unknown }>;
  beforeEach(() => {
    setActivePinia(createPinia());
    routes = [route('support-bot', true), route('private', false)];
    answer = () => json({ version: 2, format: 'traffic', source: 'traffic', rows: 3, skipped: 0, fields: {}, createdAt: '', problems: [] }, 201);
    calls = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://console.test');
      const method = init.method ?? 'GET';
      calls.push({ method, path: url.pathname, body: init.body ? JSON.parse(String(init.body)) : undefined });
      if (url.pathname === '/api/routes') return json(routes);
      if (url.pathname === '/api/datasets' && method === 'GET') return json([]);
      if (url.pathname === '/api/datasets' && method === 'POST') return json({ id: 'd', name: 'cases', description: '', latest: null, createdAt: '' }, 201);
      if (url.pathname.endsWith('/from-traffic')) return answer();
      if (method === 'DELETE') return new Response(null, { status: 204 });
      return json({ error: { code: 'x', message: 'unexpected' } }, 500);
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const mountForm = async () => {
    const wrapper = mount(FromTrafficForm, { props: { names: [] }, global: { stubs: { RouterLink: RouterLinkStub } } });
    await flushPromises();
    return wrapper;
  };
  const posts = () => calls.filter((c) => c.method !== 'GET');

  it('offers the routes, marking those that do not capture bodies, and makes a version from the chosen filters', async () => {
    const wrapper = await mountForm();
    expect(wrapper.findAll('[data-testid="traffic-route"] option').map((o) => o.text())).toEqual(['Every route', 'support-bot', 'private (capture off)']);
    expect(wrapper.find('[data-testid="traffic-no-capture"]').exists()).toBe(false);
    await wrapper.get('[data-testid="traffic-name"]').setValue('cases');
    await wrapper.get('[data-testid="traffic-route"]').setValue('support-bot');
    await wrapper.get('[data-testid="traffic-limit"]').setValue('3');
    await wrapper.get('[data-testid="traffic-keep-expected"]').setValue(false);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(posts().map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/datasets', 'POST /api/datasets/cases/versions/from-traffic']);
    expect(posts()[1]!.body).toMatchObject({ route: 'support-bot', limit: 3, status: 'ok', expectedFromResponse: false, from: expect.any(String) });
    expect(wrapper.get('[data-testid="traffic-result"]').text()).toMatch(/Version 2 of cases made from captured traffic: 3 records read, all imported/);
    expect(wrapper.emitted('created')).toEqual([['cases', 2]]);
  });

  it('checks the form before sending: each problem next to its field', async () => {
    const wrapper = await mountForm();
    await wrapper.get('[data-testid="traffic-name"]').setValue('Bad Name');
    await wrapper.get('[data-testid="traffic-limit"]').setValue('0');
    await wrapper.get('[data-testid="traffic-from"]').setValue('2026-12-02T10:00');
    await wrapper.get('[data-testid="traffic-to"]').setValue('2026-12-01T10:00');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(posts()).toEqual([]);
    expect(wrapper.get('[data-testid="traffic-name-error"]').text()).toMatch(/lowercase/);
    expect(wrapper.get('[data-testid="traffic-limit-error"]').text()).toMatch(/whole number/);
    expect(wrapper.get('[data-testid="traffic-to-error"]').text()).toMatch(/after/);
    const to = wrapper.get('[data-testid="traffic-to"]');
    expect(to.attributes('aria-invalid')).toBe('true');
    expect(to.attributes('aria-describedby')).toContain(wrapper.get('[data-testid="traffic-to-error"]').attributes('id'));
  });

  it("puts the server's field errors next to the fields", async () => {
    answer = () => json({ error: { code: 'request/invalid-body', message: 'Invalid request', details: [{ path: 'to', message: 'must be after from' }] } }, 400);
    const wrapper = await mountForm();
    await wrapper.get('[data-testid="traffic-name"]').setValue('cases');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(wrapper.get('[data-testid="traffic-to-error"]').text()).toBe('Until must be after from');
    expect(wrapper.find('[data-testid="traffic-error"]').exists()).toBe(false);
  });

  it('says when nothing was captured, links to the routes, and leaves no empty dataset behind', async () => {
    answer = () =>
      json({ error: { code: 'datasets/no-traffic', message: 'No logged request matches (only routes with capture.bodies=true store request bodies)' } }, 400);
    const wrapper = await mountForm();
    await wrapper.get('[data-testid="traffic-name"]').setValue('cases');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    const empty = wrapper.get('[data-testid="traffic-empty"]');
    expect(empty.text()).toMatch(/No captured request matches\..*capture\.bodies=true.*Next:.*Routes page/s);
    expect(empty.findComponent(RouterLinkStub).props('to')).toEqual({ name: 'routes' });
    // The dataset was created for this try; it goes again.
    expect(posts().map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/datasets',
      'POST /api/datasets/cases/versions/from-traffic',
      'DELETE /api/datasets/cases',
    ]);
    expect(wrapper.emitted('created')).toBeUndefined();
  });

  it('says up front when no route captures bodies', async () => {
    routes = [route('private', false)];
    const wrapper = await mountForm();
    const hint = wrapper.get('[data-testid="traffic-no-capture"]');
    expect(hint.text()).toMatch(/No route keeps request bodies yet/);
    expect(hint.findComponent(RouterLinkStub).props('to')).toEqual({ name: 'routes' });
  });
});
