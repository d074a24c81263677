import type { LinksFunction, MetaFunction } from "@remix-run/cloudflare";
import { Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import stylesHref from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link to="/" className="brand">
            Art Snob
          </Link>
          <form method="get" action="/search" role="search" className="header-search">
            <label htmlFor="site-search" className="visually-hidden">
              Search artworks
            </label>
            <input id="site-search" type="search" name="q" placeholder="blue seascape under $80" maxLength={300} />
            <button type="submit">Search</button>
          </form>
          <nav aria-label="Main" className="site-nav">
            <NavLink to="/" end>Feed</NavLink>
            <NavLink to="/taste">Taste finder</NavLink>
            <NavLink to="/map">Map</NavLink>
            <NavLink to="/likes">Likes</NavLink>
            <NavLink to="/walls">Walls</NavLink>
            <NavLink to="/history">History</NavLink>
            <NavLink to="/account">Account</NavLink>
          </nav>
        </header>
        <main id="main">{children}</main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

/**
 * The document title when nothing deeper sets one: the error pages (an unknown path, an unknown
 * artwork: the root's boundary renders them and only the root's meta applies), else the site.
 */
export const meta: MetaFunction = ({ error }) => {
  if (!error) return [{ title: "Art Snob" }];
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return [{ title: `${status === 404 ? "Not found" : status < 500 ? "That request did not work" : "Something went wrong"} — Art Snob` }];
};

export default function App() {
  return <Outlet />;
}

/** Every error page: says what happened in words and offers a way on, never a stack trace. */
export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? "Not found" : status < 500 ? "That request did not work" : "Something went wrong";
  const detail =
    status === 404
      ? "We could not find that page. It may have moved, or the work may have left the collection."
      : status < 500
        ? (isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : "Please check the address and try again.")
        : "Something went wrong on our side. Please try again in a moment.";
  return (
    <>
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <Link to="/">Back to the feed</Link> or <Link to="/search">search the collection</Link>.
      </p>
    </>
  );
}
