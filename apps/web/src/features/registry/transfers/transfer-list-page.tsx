// Placeholder replaced by the registry pages under construction.
export default function Page() {
  return <div>transfer-list-page</div>;
}
