import { render } from 'preact';
import { useLang } from '../shared/i18n.ts';
import { Workbench } from './workbench.tsx';
import '../shared/style.css';
import './planner.css';

function App() {
  const [lang, setLang] = useLang();
  return <Workbench lang={lang} setLang={setLang} />;
}

render(<App />, document.getElementById('app')!);
