// Bun's bundler adds a stylesheet imported for its effect to the console's one CSS file.
declare module "*.css";
