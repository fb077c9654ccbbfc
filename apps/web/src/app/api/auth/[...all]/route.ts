import { getAuth } from "@/server/auth";

export const dynamic = "force-dynamic";

const handler = async (req: Request) => (await getAuth()).handler(req);

export { handler as GET, handler as POST };
