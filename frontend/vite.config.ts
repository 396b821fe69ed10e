import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { serviceWorker } from './pwa/plugin'
import { splitIcons } from './plugins/icons'

const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8000'

export default defineConfig({
  plugins: [
    vue(),
    // Each Element Plus icon its own module: a page carries the icons it shows, not every icon of the app.
    splitIcons(),
    // Element Plus components (and v-loading) imported where a template uses them, each with its own CSS:
    // a page loads the components it shows, not the whole library.
    Components({ dirs: [], dts: false, resolvers: [ElementPlusResolver({ importStyle: 'css', directives: true })] }),
    serviceWorker()
  ],
  define: {
    // vue-i18n in composition mode only, without its message compiler (src/locales/compile.ts stands in), its
    // <i18n-t> component and v-t directive (unused): less code in the framework chunk every screen loads.
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __INTLIFY_DROP_MESSAGE_COMPILER__: 'true',
    __INTLIFY_PROD_DEVTOOLS__: 'false'
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) }
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: gateway, changeOrigin: true },
      '/open': { target: gateway, changeOrigin: true }
    }
  },
  build: {
    // dist/.vite/manifest.json: what each entry and page loads, read by scripts/bundle-report.mjs.
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id) {
          // The map's pieces load with the cockpit only (the one page with a map), not with every chart.
          if (/node_modules\/echarts\/lib\/(chart\/map|coord\/geo|component\/(geo|visualMap)|component\/helper\/MapDraw)/.test(id)) return 'echarts-map'
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          // The framework every page needs, in one long-cached chunk; other packages go where they are used.
          if (/node_modules\/(@vue|vue|vue-router|pinia|vue-i18n|@intlify|axios)\//.test(id)) return 'framework'
          return undefined
        }
      }
    }
  },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.spec.ts'],
    // Components import their Element Plus CSS: Vite (not Node) must load those modules.
    server: { deps: { inline: [/element-plus/] } },
    restoreMocks: true
  }
})
