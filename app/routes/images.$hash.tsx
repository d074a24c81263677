import type { LoaderFunctionArgs } from "@remix-run/cloudflare";

/**
 * Artwork images from R2, by content hash. The hash names the bytes, so the
 * response never changes: browsers and the CDN may keep it for a year.
 */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const hash = params.hash ?? "";
  if (!/^[0-9a-f]{64}$/.test(hash)) {
    return Response.json({ error: "invalid_image_id", message: "An image id is 64 lower-case hex characters." }, { status: 400 });
  }
  const object = await context.cloudflare.env.IMAGES.get(`images/${hash}`);
  if (!object) return Response.json({ error: "not_found", message: "No such image." }, { status: 404 });
  return new Response(object.body, {
    headers: {
      "Content-Type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "Cache-Control": "public, max-age=31536000, immutable",
      ETag: `"${hash}"`,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
