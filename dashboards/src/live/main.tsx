import { render } from 'preact';
import { useLang } from '../shared/i18n.ts';
import { Board } from './board.tsx';
import '../shared/style.css';
import './live.css';

function App() {
  const [lang, setLang] = useLang();
  return <Board lang={lang} setLang={setLang} />;
}

render(<App />, document.getElementById('app')!);
