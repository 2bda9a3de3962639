/**
 * Who is in the sandbox: the Slack workspace's people, the GitHub organization they work in, and the made-up
 * credentials the bot is started with. None of these values is a secret: they only ever meet the sandbox itself.
 */
export interface SandboxPerson {
  id: string;
  name: string;
  /** What the person picker says about them. */
  role: string;
  githubLogin?: string;
  /** Whether `githubLogin` is a member of the sandbox organization. */
  member?: boolean;
  admin?: boolean;
  /** A multi-channel guest: the bot refuses guests as approvers. */
  guest?: boolean;
}

export const SANDBOX_TEAM = { id: "T0SANDBOX", domain: "sandbox", name: "Sandbox" } as const;
export const SANDBOX_BOT = {
  userId: "U0COPILOT",
  botId: "B0COPILOT",
  appId: "A0COPILOT",
  name: "Copilot Seats",
} as const;
export const SANDBOX_GITHUB_ORG = "acme-sandbox";
export const SANDBOX_GITHUB_TOKEN = "sandbox-github-token";
export const SANDBOX_SIGNING_SECRET = "sandbox-signing-secret-not-a-secret";
export const SANDBOX_BOT_TOKEN = "xoxb-sandbox-bot-token";
export const DIGEST_CHANNEL = { id: "C0DIGEST", name: "copilot-digest" } as const;
/** Where slash commands are typed; their answers are ephemeral, so only the person who typed sees them. */
export const GENERAL_CHANNEL = { id: "C0GENERAL", name: "general" } as const;

export const SANDBOX_PEOPLE: readonly SandboxPerson[] = [
  { id: "U0REQUESTER", name: "Riley Requester", role: "requester", githubLogin: "riley-dev", member: true },
  { id: "U0MANAGER", name: "Morgan Manager", role: "Riley's manager", githubLogin: "morgan-lead", member: true },
  { id: "U0ADMIN", name: "Avery Admin", role: "Copilot admin", githubLogin: "avery-ops", member: true, admin: true },
  { id: "U0COLLEAGUE", name: "Casey Colleague", role: "colleague", githubLogin: "casey-codes", member: true },
  { id: "U0GUEST", name: "Gray Guest", role: "guest", githubLogin: "gray-contractor", guest: true },
];

export function sandboxPerson(id: string): SandboxPerson | undefined {
  return SANDBOX_PEOPLE.find((person) => person.id === id);
}
