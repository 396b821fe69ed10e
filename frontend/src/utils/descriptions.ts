/**
 * The layout of a detail page's `el-descriptions`: side by side on a wide screen; on a phone one column with
 * each label above its value, so a label never shrinks to one character per line beside a long value.
 */
import { useAppStore } from '@/store/modules/app'

export interface DescriptionsLayout {
  column: number
  direction: 'horizontal' | 'vertical'
  labelWidth?: number
}

/** The layout for `columns` columns (labels `labelWidth` px wide) on a wide screen, one column stacked on a phone. */
export function descriptionsLayout(isMobile: boolean, columns: number, labelWidth?: number): DescriptionsLayout {
  if (isMobile) return { column: 1, direction: 'vertical' }
  return labelWidth === undefined ? { column: columns, direction: 'horizontal' } : { column: columns, direction: 'horizontal', labelWidth }
}

/** `detail(columns, labelWidth?)` for `v-bind` on an `el-descriptions`, following the viewport. */
export function useDescriptionsLayout(): (columns: number, labelWidth?: number) => DescriptionsLayout {
  const app = useAppStore()
  return (columns, labelWidth) => descriptionsLayout(app.isMobile, columns, labelWidth)
}
