import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-3 p-6 text-center">
      <p className="font-mono text-sm text-zinc-500">404</p>
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="text-sm text-zinc-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline">
        Back to Gatehouse
      </Link>
    </main>
  );
}
