// Placeholder replaced by the registry pages under construction.
export default function Page() {
  return <div>laborer-detail-page</div>;
}
