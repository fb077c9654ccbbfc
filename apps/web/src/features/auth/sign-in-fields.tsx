/**
 * Email and password of a sign-in, as the sign-in page and the "Sign in again" dialog ask for
 * them (`prefix` keeps the ids apart when both could be on one page).
 */
export function SignInFields({ prefix = "", email }: { prefix?: string; email: string }) {
  return (
    <>
      <div>
        <label htmlFor={`${prefix}email`} className="label">
          Email
        </label>
        <input
          id={`${prefix}email`}
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={email}
          className="input"
        />
      </div>
      <div>
        <label htmlFor={`${prefix}password`} className="label">
          Password
        </label>
        <input
          id={`${prefix}password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="input"
        />
      </div>
    </>
  );
}
