/** The password rule of the gateway: at least 8 characters from at least 3 of 4 classes. */

export const PASSWORD_MIN_LENGTH = 8

export function passwordClasses(password: string): number {
  let classes = 0
  if (/[A-Z]/.test(password)) classes++
  if (/[a-z]/.test(password)) classes++
  if (/[0-9]/.test(password)) classes++
  if (/[^A-Za-z0-9]/.test(password)) classes++
  return classes
}

export function isStrongPassword(password: string): boolean {
  return password.length >= PASSWORD_MIN_LENGTH && passwordClasses(password) >= 3
}
