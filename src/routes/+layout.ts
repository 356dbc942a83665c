// A single-page app: everything renders in the browser, the server only answers tRPC.
export const ssr = false;
export const prerender = false;
