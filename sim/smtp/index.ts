/** sim/smtp: messages (envelope + header + body, size on the wire), replies and status codes. */
export * from "./reply";
export * from "./envelope";
export * from "./headers";
export * from "./date";
export * from "./message";
export * from "./trace-fields";
export * from "./compose";
export * from "./server";
export * from "./dialogue";
export * from "./session";
export * from "./starttls";
