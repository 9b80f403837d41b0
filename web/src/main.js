import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import * as Icons from '@element-plus/icons-vue'
import 'element-plus/dist/index.css'
import 'ol/ol.css'
import './styles.css'
import App from './App.vue'
import { createAppRouter } from './router/index.js'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(createAppRouter(pinia))
app.use(ElementPlus, { locale: zhCn })
for (const [name, component] of Object.entries(Icons)) app.component(name, component)
app.mount('#app')

// Production builds register the service worker (public/sw.js) so the
// ranger page opens without network after one visit. Files loaded before it
// took control are handed to it to cache.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const urls = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((u) => u.startsWith(`${location.origin}/assets/`))
        reg.active?.postMessage({ type: 'cache-urls', urls })
      })
      .catch(() => {})
  })
}
