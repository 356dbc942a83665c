// A product CSV on its way to the server: the file's bytes as they are (the server tells UTF-8
// from Latin-1), gzip-compressed and base64-encoded.
export async function gzipFileBase64(bytes: Uint8Array): Promise<string> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
  const zipped = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (let i = 0; i < zipped.length; i += 0x8000) binary += String.fromCharCode(...zipped.subarray(i, i + 0x8000));
  return btoa(binary);
}
