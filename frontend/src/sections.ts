import type { RouteComponent } from 'vue-router';

/** One console section: its route and its sidebar entry come from this single list. */
export interface Section {
  name: string;
  path: string;
  label: string;
  /** Highlight the nav link only on this exact page (the Overview sits at `/`, the parent of every page). */
  exact?: boolean;
  component: () => Promise<RouteComponent>;
}

export const sections: readonly Section[] = [
  { name: 'overview', path: '', label: 'Overview', exact: true, component: () => import('./views/OverviewView.vue') },
  { name: 'routes', path: 'routes', label: 'Routes', component: () => import('./views/RoutesView.vue') },
  { name: 'providers', path: 'providers', label: 'Providers & models', component: () => import('./views/ProvidersView.vue') },
  { name: 'keys', path: 'keys', label: 'Keys', component: () => import('./views/KeysView.vue') },
  { name: 'datasets', path: 'datasets', label: 'Datasets', component: () => import('./views/DatasetsView.vue') },
  { name: 'graders', path: 'graders', label: 'Graders', component: () => import('./views/GradersView.vue') },
  { name: 'experiments', path: 'experiments', label: 'Experiments', component: () => import('./views/ExperimentsView.vue') },
  { name: 'logs', path: 'logs', label: 'Logs', component: () => import('./views/LogsView.vue') },
  { name: 'usage', path: 'usage', label: 'Usage', component: () => import('./views/UsageView.vue') },
];
