/** What the signed-in member may change on this page (the API enforces the same, this hides controls). */
export type Permissions = { identities: boolean; tokens: boolean; grants: boolean };
