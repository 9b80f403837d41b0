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
