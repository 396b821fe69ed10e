import { createApp } from 'vue'
import { ElMessage } from 'element-plus'
// Components come with their own CSS where a template uses them; these are called from scripts only.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import 'element-plus/es/components/notification/style/css'
import './styles/index.css'
import App from './App.vue'
import { i18n, savedLocale, setLocale, t } from './locales'
import { pinia } from './store'
import { createAppRouter } from './router'
import { installDirectives } from './directives'
import { onSessionExpired } from './utils/http/client'
import { useUserStore } from './store/modules/user'
import { clearRegionCache } from './components/RegionCascader/regions'
import { installOfflineQueue } from './offline'
import { registerServiceWorker } from './offline/worker'

const app = createApp(App)
const router = createAppRouter()
app.use(pinia)
app.use(i18n)
app.use(router)
installDirectives(app)

// A refresh that failed means the session is over: forget it and go to the sign-in page.
onSessionExpired(() => {
  const user = useUserStore()
  user.clearSession()
  clearRegionCache()
  const current = router.currentRoute.value
  if (current.path !== '/login') {
    ElMessage({ type: 'warning', message: t('login.sessionExpired'), grouping: true })
    void router.replace({ path: '/login', query: { redirect: current.fullPath } })
  }
})

// A saved English choice fetches its messages before the first render (zh-CN, the default, is in the entry);
// if they cannot be fetched the app starts in Chinese.
void setLocale(savedLocale())
  .catch(() => {
    document.documentElement.lang = 'zh-CN'
  })
  .finally(() => {
    app.mount('#app')
    installOfflineQueue()
    registerServiceWorker()
  })
