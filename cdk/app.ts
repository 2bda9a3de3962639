import { App } from "aws-cdk-lib";
import { defineApp } from "./define-app.js";
import { StackConfigError } from "./stack-config.js";

try {
  defineApp(new App());
} catch (error) {
  // A configuration mistake is the operator's to fix: show the message, not a stack trace.
  if (error instanceof StackConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
