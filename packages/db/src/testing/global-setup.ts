import { prepareTestDatabase } from "./test-db";

export default prepareTestDatabase;
