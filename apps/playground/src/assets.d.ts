// Vite turns `?url` imports into the served URL of the file, and bundles imported CSS.
declare module '*?url' {
  const url: string;
  export default url;
}
declare module '*.css';
