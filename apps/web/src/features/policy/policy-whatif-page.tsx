// Placeholder replaced by the policy pages under construction.
export default function Page() {
  return <div>policy-whatif-page</div>;
}
