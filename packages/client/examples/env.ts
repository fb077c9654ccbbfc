/** The example's configuration: where the API is and the key to call it with. */
export const exampleEnv = {
  url: process.env.CONTACTS_API_URL ?? "http://localhost:3000",
  apiKey: process.env.CONTACTS_API_KEY ?? "",
};
