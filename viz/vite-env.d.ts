/// <reference types="vite/client" />

/** The scenario library, built by vite.config.ts (scenarioLibrary). */
declare module "virtual:mxsim-library" {
  const library: import("./scenarios").LibraryEntry[];
  export default library;
}
