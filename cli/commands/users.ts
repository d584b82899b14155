// Users through the API (admins): `users` lists them, `users role U ROLE`, `users disable U`, `users enable U`, and
// `users reset-password U` (a random password, printed once). Each change is in the audit log.
import { connect } from '../connect';
import { EXIT } from '../exit';
import { bold, dim, table } from '../output';
import type { Remote } from '../remote';

export const USER_ROLES = ['viewer', 'editor', 'admin'] as const;
type UserRole = (typeof USER_ROLES)[number];

interface UserOut {
  username: string;
  role: string;
  disabled: boolean;
  createdAt: Date;
}

const printed = (opts: Remote, value: unknown, line: string) => {
  console.log(opts.json ? JSON.stringify(value, null, 2) : line);
  return EXIT.ok;
};

export async function usersCommand(opts: Remote): Promise<number> {
  const list = await connect(opts).admin.users.query();
  if (opts.json) return printed(opts, list, '');
  const rows = [['USER', 'ROLE', 'STATE', 'CREATED']];
  for (const u of list) rows.push([u.username, u.role, u.disabled ? 'disabled' : 'active', new Date(u.createdAt).toISOString().slice(0, 10)]);
  console.log(table(rows));
  return EXIT.ok;
}

const state = (u: UserOut) => `${bold(u.username)} is ${u.role}${u.disabled ? ', disabled' : ''}`;

export async function userRoleCommand(username: string, role: UserRole, opts: Remote): Promise<number> {
  const u = await connect(opts).admin.setUserRole.mutate({ username, role });
  return printed(opts, u, `${state(u)} ${dim('(from its next request on)')}`);
}

export async function userDisableCommand(username: string, disabled: boolean, opts: Remote): Promise<number> {
  const u = await connect(opts).admin.setUserDisabled.mutate({ username, disabled });
  const note = disabled ? 'sessions ended; tokens refused from the next request' : 'tokens work again';
  return printed(opts, u, `${state(u)} ${dim(`(${note})`)}`);
}

export async function userResetPasswordCommand(username: string, opts: Remote): Promise<number> {
  const u = await connect(opts).admin.resetPassword.mutate({ username });
  if (opts.json) return printed(opts, u, '');
  console.log(u.password);
  console.error(dim(`new password of ${bold(username)}: shown once; their browser sessions ended, their tokens are kept`));
  return EXIT.ok;
}
