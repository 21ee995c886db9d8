/**
 * Side-effect module: gives zod's tree-shakable "mini" build (the schema
 * library of everything in the Lambda bundle) its English messages. Modules
 * that define schemas import `* as z from "zod/mini"` and this file. Classic
 * `zod` pulls every locale into the bundle (~450 KB, ~45 ms of cold start);
 * mini with one locale is ~20 KB. Re-exporting the `z` namespace from here
 * would defeat tree-shaking, hence the two imports.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.cjs";

config(en());
