import type { RouteComponent } from 'vue-router';

/** One console section: its route and its sidebar entry come from this single list. */
export interface Section {
  name: string;
  path: string;
  label: string;
  /** Highlight the nav link only on this exact page (the Overview sits at `/`, the parent of every page). */
  exact?: boolean;
  component: () => Promise<RouteComponent>;
  /** Pages under the section's path (`experiments/:name`); the sidebar link stays highlighted on them. */
  children?: readonly SubPage[];
}

export interface SubPage {
  name: string;
  path: string;
  title: string;
  component: () => Promise<RouteComponent>;
}

export const sections: readonly Section[] = [
  { name: 'overview', path: '', label: 'Overview', exact: true, component: () => import('./views/OverviewView.vue') },
  { name: 'routes', path: 'routes', label: 'Routes', component: () => import('./views/RoutesView.vue') },
  { name: 'providers', path: 'providers', label: 'Providers & models', component: () => import('./views/ProvidersView.vue') },
  { name: 'keys', path: 'keys', label: 'Keys', component: () => import('./views/KeysView.vue') },
  { name: 'datasets', path: 'datasets', label: 'Datasets', component: () => import('./views/DatasetsView.vue') },
  { name: 'graders', path: 'graders', label: 'Graders', component: () => import('./views/GradersView.vue') },
  {
    name: 'experiments',
    path: 'experiments',
    label: 'Experiments',
    component: () => import('./views/ExperimentsView.vue'),
    children: [
      // A static segment outranks the parameter, so an experiment named "new" is reached by its id instead.
      { name: 'experiment-new', path: 'new', title: 'New experiment', component: () => import('./views/ExperimentNewView.vue') },
      { name: 'experiment', path: ':name', title: 'Experiment', component: () => import('./views/ExperimentView.vue') },
    ],
  },
  { name: 'logs', path: 'logs', label: 'Logs', component: () => import('./views/LogsView.vue') },
  { name: 'usage', path: 'usage', label: 'Usage', component: () => import('./views/UsageView.vue') },
];
