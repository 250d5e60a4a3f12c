/** The host's area; `path` is the route after /host. */
export function HostPage({ path }: { path: string }) {
  return (
    <section>
      <h1>Host {path}</h1>
    </section>
  );
}
