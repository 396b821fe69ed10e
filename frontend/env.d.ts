/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** 无操作多少分钟后自动退出（默认 30） */
  readonly VITE_IDLE_TIMEOUT_MINUTES?: string
  /** 自动退出前提前多少秒提醒（默认 60） */
  readonly VITE_IDLE_WARNING_SECONDS?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
