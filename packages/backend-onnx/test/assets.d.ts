// Vite turns `?url` imports into the served URL of the file.
declare module '*?url' {
  const url: string;
  export default url;
}
