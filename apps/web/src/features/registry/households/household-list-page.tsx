// Placeholder replaced by the registry pages under construction.
export default function Page() {
  return <div>household-list-page</div>;
}
