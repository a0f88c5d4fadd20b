import { useState, type ReactNode } from 'react';
import { canonicalAddress } from '../../../shared/net/address';

/**
 * A one-field form that takes an IP address, says plainly when the text is not one, and hands
 * the canonical form on. `before` renders ahead of the field (e.g. back/forward buttons).
 */
export function AddressForm({ onAddress, placeholder, label, button, testId, className = 'row gap', inputClass = 'input mono', buttonClass = 'btn', before }: {
  onAddress: (address: string) => void;
  placeholder: string;
  label: string;
  button: string;
  testId: string;
  className?: string;
  inputClass?: string;
  buttonClass?: string;
  before?: ReactNode;
}) {
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        const a = canonicalAddress(input.trim());
        if (!a) { setError(`"${input.trim()}" is not an IP address.`); return; }
        setError(null);
        setInput('');
        onAddress(a);
      }}
    >
      {before}
      <input className={inputClass} placeholder={placeholder} value={input} onChange={(e) => setInput(e.target.value)} aria-label={label} data-testid={testId} />
      <button type="submit" className={buttonClass}>{button}</button>
      {error && <span className="error small" role="alert">{error}</span>}
    </form>
  );
}
