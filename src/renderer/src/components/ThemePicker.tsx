import { ThemePreference } from '../../../shared/api';
import { useAppStore, useSettings } from '../stores/appStore';

const LABELS: Record<ThemePreference, string> = { system: 'Follow system', light: 'Light', dark: 'Dark' };

export function ThemePicker() {
  const settings = useSettings();
  const update = useAppStore((s) => s.updateSettings);
  return (
    <label className="theme-picker">
      Theme
      <select
        value={settings.data?.theme ?? 'system'}
        disabled={settings.data === null}
        onChange={(event) => {
          const parsed = ThemePreference.safeParse(event.target.value);
          if (parsed.success) void update({ theme: parsed.data });
        }}
      >
        {ThemePreference.options.map((option) => (
          <option key={option} value={option}>
            {LABELS[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
