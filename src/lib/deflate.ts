// fflate's sync API only (workerd has no Web Workers for its async one), named so the bundle keeps just these two.
// Imported dynamically by its users: it costs the Worker's startup nothing.
export { zipSync, zlibSync } from 'fflate';
