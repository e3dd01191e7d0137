import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { configureApiClient } from './api/client';
import { loginLocation } from './login-redirect';
import { router } from './router';
import { useAuthStore } from './stores/auth';
import './styles.css';

const app = createApp(App);
app.use(createPinia());

const auth = useAuthStore();
configureApiClient({
  getToken: () => auth.token,
  // The token was revoked or replaced on the server: forget it and ask for a new one.
  onUnauthorized: () => {
    auth.clear();
    const current = router.currentRoute.value;
    if (current.name !== 'login') void router.replace(loginLocation(current.fullPath));
  },
});

app.use(router);
app.mount('#app');
