export async function main(argv: string[]): Promise<number> {
  console.log("vaec", argv.join(" "));
  return 0;
}
