import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { gzipAssets } from './build/gzip-plugin.js'

// The C++ server serves dist/ (src/http/static_files.cpp): hashed files
// under assets/ are cached for a year, index.html is revalidated, and a
// .gz sibling is sent to clients that accept gzip.
export default defineConfig({
  plugins: [vue(), gzipAssets()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Vendors change less often than our pages: separate long-cached files.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)/ },
            { name: 'ol', test: /node_modules[\\/]ol[\\/]/ },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus)/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.QINGFENG_API || 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['tests/**/*.test.js'],
    environment: 'node',
  },
})
