// Moved to src/fakes/ because the sandbox (`npm start -- --sandbox`) runs it too; the tests keep importing it from here.
export * from "../../src/fakes/copilot-metrics-fake.js";
