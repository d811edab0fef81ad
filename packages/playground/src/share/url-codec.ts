import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from "lz-string";

/*
 * The spec travels in the URL's fragment, compressed with lz-string (a 1 kB spec is about 500
 * URL-safe characters), so a teacher can send a link and the page opens on that spec. The
 * fragment never reaches a server: a static host serves the same page for every link.
 */

const KEY = "spec";

/** The fragment (with its `#`) that carries `spec`. */
export function encodeSpecFragment(spec: string): string {
  return `#${KEY}=${compressToEncodedURIComponent(spec)}`;
}

/** The spec a fragment carries, or undefined when it carries none (or a damaged one). */
export function decodeSpecFragment(fragment: string): string | undefined {
  const params = new URLSearchParams(fragment.replace(/^#/, ""));
  const packed = params.get(KEY);
  if (!packed) return undefined;
  // URLSearchParams turns `+` into a space; lz-string's URI alphabet uses `+`.
  const text = decompressFromEncodedURIComponent(packed.replaceAll(" ", "+"));
  return text ? text : undefined;
}
