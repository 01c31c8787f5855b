import type { ThemeConfig } from 'antd';

/** A sober palette for an agency: deep blue for action, neutral greys, no decoration. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fae',
    colorInfo: '#1f5fae',
    borderRadius: 6,
    fontSize: 14,
  },
  components: {
    Layout: {
      headerBg: '#ffffff',
      siderBg: '#0f2a4a',
      headerHeight: 56,
      headerPadding: '0 20px',
    },
    Menu: {
      darkItemBg: '#0f2a4a',
      darkSubMenuItemBg: '#0b2140',
      darkItemSelectedBg: '#1f5fae',
    },
  },
};
