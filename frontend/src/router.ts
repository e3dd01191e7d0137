import { type RouteRecordRaw, createRouter, createWebHistory } from 'vue-router';
import AppLayout from './components/layout/AppLayout.vue';
import { loginLocation } from './login-redirect';
import { type Section, sections } from './sections';
import { useAuthStore } from './stores/auth';

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown in the browser tab. */
    title?: string;
    /** Reachable without the admin token. */
    public?: boolean;
  }
}

/**
 * A section's route. With sub-pages it becomes a parent without a component whose empty child is the section
 * page: vue-router then counts a link to the section as active on every sub-page.
 */
function sectionRoute(s: Section): RouteRecordRaw {
  const page = { name: s.name, component: s.component, meta: { title: s.label } };
  if (!s.children?.length) return { path: s.path, ...page };
  return {
    path: s.path,
    children: [{ path: '', ...page }, ...s.children.map((c) => ({ path: c.path, name: c.name, component: c.component, meta: { title: c.title } }))],
  };
}

const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./views/LoginView.vue'),
    meta: { title: 'Sign in', public: true },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      ...sections.map(sectionRoute),
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue'), meta: { title: 'Not found' } },
    ],
  },
];

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  // A filter kept in the query (Logs, Usage) changes the address but not the page: stay where the reader is.
  scrollBehavior: (to, from, saved) => saved ?? (to.path === from.path ? false : { top: 0 }),
});

router.beforeEach((to) => {
  const auth = useAuthStore();
  if (to.meta.public) return to.name === 'login' && auth.isSignedIn ? { name: 'overview' } : true;
  return auth.isSignedIn ? true : loginLocation(to.fullPath);
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · Switchyard` : 'Switchyard';
});
