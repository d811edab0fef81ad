/*
 * The `vaec` process: runs the command line and exits with its code. bin/vaec.js loads the
 * compiled copy of this file (dist/bin.js); the end-to-end tests run this source directly.
 */
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
