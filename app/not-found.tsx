// Any path the app does not have.
import Link from 'next/link';

export default function NotFound() {
  return (
    <section aria-labelledby="nf-heading">
      <h1 id="nf-heading">Not found</h1>
      <p>
        There is no page here. See the <Link href="/">pipelines</Link>, the <Link href="/runs">runs</Link> or the{' '}
        <Link href="/models">models</Link>.
      </p>
    </section>
  );
}
