import { authPage } from "@/lib/server/auth/pages";

export const dynamic = "force-dynamic";

export async function GET() {
  return authPage(
    200,
    "You are signed out",
    '<p><a href="/auth/login" data-testid="sign-in-again">Sign in again</a></p>',
  );
}
