export default function HomePage() {
  return (
    <main>
      <h1>Contacts</h1>
      <p>
        The API is served at <code>/api/trpc</code>; see the README for calling it with an API key.
      </p>
    </main>
  );
}
