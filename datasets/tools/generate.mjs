// Writes the bundled datasets (datasets/*.jsonl) deterministically: `node datasets/tools/generate.mjs`.
// Items are generated from templates written for Switchyard with a seeded PRNG, and every answer is
// computed here, so a rerun gives byte-identical files.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CAPITALS } from './capitals.mjs';

const out = (name) => fileURLToPath(new URL(`../${name}`, import.meta.url));
const write = (name, items) => writeFileSync(out(name), items.map((i) => JSON.stringify(i)).join('\n') + '\n');

function prng(seed) {
  // mulberry32
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pad = (n) => String(n).padStart(3, '0');

// 1. Arithmetic word problems: numeric answers computed from the drawn numbers.
{
  const r = prng(1);
  const int = (a, b) => a + Math.floor(r() * (b - a + 1));
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const names = ['Amara', 'Ben', 'Chloé', 'Dev', 'Elif', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya'];
  const fmt = (n) => String(Math.round(n * 100) / 100);
  const templates = [
    () => {
      const [n, a, b, p] = [pick(names), int(3, 12), int(2, 9), int(2, 7)];
      return [
        `${n} buys ${a} notebooks at $${p} each and ${b} pens at $1.50 each. How many dollars does ${n} spend in total?`,
        a * p + b * 1.5,
        'medium',
        ['shopping'],
      ];
    },
    () => {
      const [d, s] = [int(60, 480), int(40, 120)];
      return [
        `A train travels ${d} km at a steady ${s} km/h. How many hours does the trip take? Round to two decimals.`,
        Math.round((d / s) * 100) / 100,
        'medium',
        ['travel', 'rates'],
      ];
    },
    () => {
      const [price, pct] = [int(20, 400), pick([10, 15, 20, 25, 30, 40])];
      return [
        `A jacket costs $${price}. It is on sale for ${pct}% off. What is the sale price in dollars?`,
        price * (1 - pct / 100),
        'easy',
        ['percent', 'shopping'],
      ];
    },
    () => {
      const [servings, want, flour] = [pick([4, 6, 8]), pick([2, 3, 10, 12]), int(150, 600)];
      return [
        `A recipe for ${servings} people uses ${flour} g of flour. How many grams are needed for ${want} people?`,
        Math.round(((flour * want) / servings) * 100) / 100,
        'medium',
        ['recipes', 'ratios'],
      ];
    },
    () => {
      const [w, d1, d2] = [int(2, 8), int(3, 12), int(2, 6)];
      return [
        `${w} workers paint a fence in ${d1} days. Working at the same rate, how many days would ${w * d2} workers need? Round to two decimals.`,
        Math.round(((w * d1) / (w * d2)) * 100) / 100,
        'hard',
        ['work', 'rates'],
      ];
    },
    () => {
      const [n, start, add, spend] = [pick(names), int(20, 200), int(5, 60), int(5, 80)];
      return [
        `${n} has $${start}, earns $${add} on Monday and spends $${spend} on Tuesday. How many dollars are left?`,
        start + add - spend,
        'easy',
        ['money'],
      ];
    },
    () => {
      const [h, m, dur] = [int(6, 20), pick([0, 15, 30, 45]), int(35, 190)];
      const end = h * 60 + m + dur;
      return [
        `A film starts at ${h}:${String(m).padStart(2, '0')} and lasts ${dur} minutes. At how many minutes past midnight does it end?`,
        end,
        'medium',
        ['time'],
      ];
    },
    () => {
      const [a, b, c] = [int(10, 90), int(10, 90), int(10, 90)];
      return [
        `Three tests scored ${a}, ${b} and ${c} points. What is the average score? Round to two decimals.`,
        Math.round(((a + b + c) / 3) * 100) / 100,
        'easy',
        ['averages'],
      ];
    },
    () => {
      const [p, rate, years] = [int(1, 20) * 500, pick([2, 3, 4, 5]), pick([2, 3])];
      return [
        `$${p} is invested at ${rate}% interest compounded yearly. What is it worth after ${years} years, in dollars rounded to cents?`,
        Math.round(p * (1 + rate / 100) ** years * 100) / 100,
        'hard',
        ['percent', 'interest'],
      ];
    },
    () => {
      const [len, wid, tile] = [int(3, 12), int(2, 9), pick([0.25, 0.5, 1])];
      return [
        `A floor is ${len} m by ${wid} m. Square tiles have an area of ${tile} m². How many tiles cover the floor?`,
        (len * wid) / tile,
        'medium',
        ['area'],
      ];
    },
  ];
  const items = [];
  for (let i = 0; i < 120; i++) {
    const [question, answer, difficulty, tags] = templates[i % templates.length]();
    items.push({ id: `arith-${pad(i + 1)}`, input: { question }, expected: fmt(answer), metadata: { difficulty, tags } });
  }
  write('arithmetic-word-problems.jsonl', items);
}

// 2. Capital cities: several spellings or capitals where usage differs.
write(
  'capital-cities.jsonl',
  CAPITALS.map(([country, capital, continent, ...alt], i) => ({
    id: `capital-${pad(i + 1)}`,
    input: { messages: [{ role: 'user', content: `What is the capital of ${country}? Answer with the city name only.` }] },
    expected: alt.length ? { any_of: [capital, ...alt] } : capital,
    metadata: { tags: [continent], difficulty: alt.length ? 'hard' : 'easy' },
  })),
);

// 3. JSON extraction: a passage and the fields to extract, checked against datasets/json-extraction.schemas.json.
{
  const r = prng(3);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const int = (a, b) => a + Math.floor(r() * (b - a + 1));
  const people = [
    'Maria Gonzalez',
    'Tom Becker',
    'Aiko Tanaka',
    'Samuel Okafor',
    'Lucia Rossi',
    'Noah Schmidt',
    'Fatima Haddad',
    'Ethan Clarke',
    'Sofia Nowak',
    'Ravi Menon',
  ];
  const products = [
    ['ergonomic chair', 189],
    ['standing desk', 420],
    ['USB-C dock', 79],
    ['noise-cancelling headset', 149],
    ['27-inch monitor', 299],
    ['mechanical keyboard', 95],
  ];
  const cities = ['Lisbon', 'Toronto', 'Nairobi', 'Osaka', 'Berlin', 'Austin', 'Melbourne', 'Bogotá'];
  const companies = ['Northwind Labs', 'Bluefin Analytics', 'Cedar & Co', 'Orbital Foods', 'Quartz Health'];
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const items = [];
  for (let i = 0; i < 80; i++) {
    const kind = ['order', 'event', 'contact'][i % 3];
    let text, expected;
    if (kind === 'order') {
      const [name, [product, price], qty] = [pick(people), pick(products), int(1, 6)];
      const order = `SO-${10000 + int(0, 89999)}`;
      text = `Hi team, ${name} here. I'd like to confirm order ${order}: ${qty} × ${product} at $${price} each. Please ship to our ${pick(cities)} office. Thanks!`;
      expected = { order_id: order, customer: name, product, quantity: qty, unit_price: price, total: qty * price };
    } else if (kind === 'event') {
      const [m, d, city] = [int(0, 11), int(1, 28), pick(cities)];
      const title = pick(['LLM Evaluation Meetup', 'Data Engineering Summit', 'Product Analytics Day', 'Open Source AI Workshop', 'Prompt Engineering Clinic']);
      const seats = int(3, 50) * 10;
      text = `Join us for ${title} in ${city} on ${months[m]} ${d}, 2027. Doors open at ${int(8, 18)}:00 and there are ${seats} seats. Register at events.example.com.`;
      expected = { title, city, date: `2027-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`, seats };
    } else {
      const [name, company] = [pick(people), pick(companies)];
      const email = `${name.split(' ')[0].toLowerCase()}.${name.split(' ')[1].toLowerCase()}@${company.toLowerCase().replace(/[^a-z]/g, '')}.example`;
      const phone = `+1-555-${String(int(100, 999))}-${String(int(1000, 9999))}`;
      text = `Best regards,\n${name}\n${pick(['Head of Operations', 'Senior Engineer', 'Account Manager', 'Data Scientist'])}, ${company}\nEmail: ${email} | Phone: ${phone}`;
      expected = { name, company, email, phone };
    }
    items.push({
      id: `extract-${pad(i + 1)}`,
      input: { text, schema_name: kind },
      expected,
      metadata: { tags: [kind], difficulty: kind === 'contact' ? 'easy' : 'medium' },
    });
  }
  write('json-extraction.jsonl', items);
}

// 4. Sentiment: reviews from phrase banks, balanced across labels, plus hand-written tricky ones.
{
  const r = prng(4);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const domains = { restaurant: 'the food', hotel: 'the room', app: 'the app', headphones: 'the sound', delivery: 'the courier', gym: 'the classes' };
  const pos = ['was fantastic', 'exceeded my expectations', 'was exactly what I hoped for', 'made my week', 'was a delight', 'works flawlessly'];
  const neg = [
    'was a huge letdown',
    'stopped working after two days',
    'was cold and bland',
    'was rude and late',
    'crashes every time I open it',
    'was dirty and noisy',
  ];
  const neu = [
    'was fine, nothing special',
    'did what it says',
    'was average for the price',
    'arrived on the stated day',
    'is okay, I suppose',
    'met the basic description',
  ];
  const closers = {
    positive: ['Will come back!', 'Highly recommended.', 'Five stars.'],
    negative: ['Never again.', 'Asked for a refund.', 'One star.'],
    neutral: ['No strong feelings.', 'It is what it is.', 'Three stars.'],
  };
  const tricky = [
    ['Oh great, another update that deletes my settings. Just what I needed.', 'negative', 'app'],
    ['I expected to hate it, but the hotel won me over completely.', 'positive', 'hotel'],
    ['The pasta was superb; the service, sadly, was glacial. Overall I would still go back for the food.', 'positive', 'restaurant'],
    ['Not bad at all — honestly better than the brand I used before.', 'positive', 'headphones'],
    ["Couldn't be happier that I cancelled my membership.", 'negative', 'gym'],
    ['The parcel arrived. The box was a box.', 'neutral', 'delivery'],
    ['Wow, a courier who actually rings the bell! Amazing service, truly.', 'positive', 'delivery'],
    ['Best two hours of waiting for a table I have ever spent. Said no one.', 'negative', 'restaurant'],
    ['It is neither the best nor the worst gym in town.', 'neutral', 'gym'],
    ['Battery life is great, but the bass distorts so much I returned them.', 'negative', 'headphones'],
  ];
  const items = [];
  const labels = ['positive', 'negative', 'neutral'];
  for (let i = 0; i < 140; i++) {
    const label = labels[i % 3];
    const domain = pick(Object.keys(domains));
    const phrase = pick(label === 'positive' ? pos : label === 'negative' ? neg : neu);
    const review = `${domains[domain][0].toUpperCase()}${domains[domain].slice(1)} ${phrase}. ${pick(closers[label])}`;
    items.push({ input: { review }, expected: label, metadata: { domain, difficulty: 'easy' } });
  }
  for (const [review, label, domain] of tricky) items.push({ input: { review }, expected: label, metadata: { domain, difficulty: 'hard', tags: ['tricky'] } });
  write(
    'sentiment.jsonl',
    items.map((it, i) => ({ id: `sentiment-${pad(i + 1)}`, ...it })),
  );
}

// 5. Support replies: tickets for Acme Cloud, to be judged against each item's rubric.
{
  const r = prng(5);
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const system =
    'You are a support agent for Acme Cloud, a hosting provider. Be accurate, brief and kind. Never invent account details; ask for what you need.';
  const cases = [
    [
      'billing',
      (n) => `I was charged twice for invoice INV-${n} this month. Can you fix it?`,
      [
        'Apologises for the double charge',
        'Says the duplicate will be refunded or asks to confirm the invoice',
        'Gives a time frame or next step for the refund',
        'Does not invent account details',
      ],
    ],
    [
      'outage',
      (n) => `Our site on server web-${n} has been down for 20 minutes. Is there an outage?`,
      [
        'Acknowledges the urgency',
        'Points to the status page or confirms checking for an incident',
        'Asks for useful diagnostics (region, error message) or gives a workaround',
        'Stays calm and concise',
      ],
    ],
    [
      'password',
      () => 'I lost access to the email on my account and cannot reset my password. What can I do?',
      ['Explains an identity verification path', 'Does not ask for the password itself', 'Lists what proof is needed', 'Is polite and clear'],
    ],
    [
      'cancel',
      (n) => `Please cancel my plan before the renewal on the ${(n % 28) + 1}th. How do I do that?`,
      [
        'Gives the steps to cancel or offers to do it',
        'Mentions what happens to data or billing after cancelling',
        'Does not pressure the customer to stay',
        'Confirms the renewal date matters',
      ],
    ],
    [
      'dns',
      (n) => `My domain example${n}.com still points to the old server after 48 hours. Did I set DNS wrong?`,
      ['Explains DNS propagation or TTL', 'Asks for or checks the records (A/CNAME)', 'Gives a concrete next step to verify', 'Avoids blaming the customer'],
    ],
    [
      'upgrade',
      () => 'Which plan do I need for 10 sites and daily backups?',
      [
        'Recommends a plan or asks for missing requirements',
        'Mentions backups explicitly',
        'Does not invent prices not in evidence, or says prices may change',
        'Offers further help',
      ],
    ],
  ];
  const items = [];
  for (let i = 0; i < 60; i++) {
    const [category, ticket, rubric] = cases[i % cases.length];
    const tone = pick(['', ' This is really frustrating.', ' Thanks in advance!', ' Please answer quickly, my boss is asking.']);
    items.push({
      id: `support-${pad(i + 1)}`,
      input: {
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: `${ticket(1000 + i * 7)}${tone}` },
        ],
      },
      metadata: { category, rubric: rubric.map((c, k) => `${k + 1}. ${c}`).join('\n'), tags: [category] },
    });
  }
  write('support-replies.jsonl', items);
}
console.log('wrote the bundled datasets');
