/**
 * `text` formatted by prettier with the project's own plugin, as `vaec fmt` would. Prettier is
 * loaded on the first Format, not with the page (it is a large part of the bundle).
 */
export async function formatSpec(text: string): Promise<string> {
  const [{ format }, { default: vaePlugin }] = await Promise.all([
    import("prettier/standalone"),
    import("prettier-plugin-vae"),
  ]);
  return format(text, { parser: "vae", plugins: [vaePlugin], printWidth: 100 });
}
