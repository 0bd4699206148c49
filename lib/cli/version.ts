/** The package's version, as `--version` prints it; the CLI bundle inlines it from package.json at build. */
import { version } from "../../package.json";

export const VERSION: string = version;
