import * as z from "zod/mini";
import "../../contract/schema";
import { LOOPBACK_HTTP } from "./transport";

/**
 * Option schema parts the vendor adapters share, so every vendor validates
 * them with the same messages.
 */

/**
 * The optional `baseUrl` every built-in vendor takes: an absolute URL using
 * https (plain http only on loopback, for simulators in tests and the drill).
 */
export const baseUrlOption = z.optional(
  z.url({ error: "`baseUrl` must be an absolute URL" }).check(
    z.refine((u) => u.startsWith("https://") || LOOPBACK_HTTP.test(u), {
      error: "`baseUrl` must use https (plain http is allowed only on loopback, for simulators)",
    }),
  ),
);
