import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";

/** What tag and artist pages show for an unknown subject (404), a bad page number (400) or a failure. */
export function BrowseError({ subject }: { subject: "tag" | "artist" }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const heading = status === 404 ? (subject === "tag" ? "Tag not found" : "Artist not found") : status === 400 ? "Page not found" : "Something went wrong";
  const text =
    status === 404
      ? subject === "tag"
        ? "No artwork has this tag."
        : "We don't know an artist by that name."
      : status === 400
        ? "That page number is not valid."
        : "This page could not be shown. Please try again in a moment.";
  return (
    <div className="browse-error" data-status={status}>
      <h1>{heading}</h1>
      <p>{text}</p>
      <p>
        <Link to="/">Back to the feed</Link> or <Link to="/map">explore the map</Link>.
      </p>
    </div>
  );
}
