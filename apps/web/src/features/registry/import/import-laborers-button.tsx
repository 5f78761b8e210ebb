// Placeholder replaced by the import dialog under construction.
export function ImportLaborersButton(_props: { onImported?: () => void }) {
  return null;
}
