// Fonts come from @fontsource and are bundled: no CDN, and screenshots do not depend on system fonts.
import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import '@fontsource/inter/700.css';
import '@fontsource/jetbrains-mono/400.css';
import './styles.css';
import { startApp } from './app.js';
import { Backends } from './backends.js';

startApp(document.getElementById('app')!, new Backends());
